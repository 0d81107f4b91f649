using ContentFlows.Temporal.DevServer;

// Socket completions run inline on the event-loop threads (read once, before the first socket exists), as Kestrel's
// inline scheduling in DevServerHost expects; a value given by the environment wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

return await DevServerCommandLine.Create().Parse(args).InvokeAsync();
