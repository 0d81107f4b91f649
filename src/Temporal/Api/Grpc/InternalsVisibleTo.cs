using System.Runtime.CompilerServices;

// Framing, timeout and percent-encoding helpers are tested directly rather than only through Kestrel.
[assembly: InternalsVisibleTo("ContentFlows.Temporal.Api.Tests")]
