using System.Net;
using System.Net.Sockets;

namespace ContentFlows.Activities.Egress;

/// <summary>
/// The one gate of every outbound call a tenant can steer. The check sits in the connect callback of the handlers it
/// makes: the name is resolved there, every address is vetted, and the socket connects to the vetted addresses only,
/// so a name that rebinds between check and use, and every redirect hop (each is a new connection), are checked too.
/// </summary>
public sealed class EgressPolicy
{
    // Cloud metadata services sit in link-local (169.254.169.254, fd00:ec2::254 is unique-local) and in
    // carrier-grade NAT space (Alibaba's 100.100.100.200), both refused below.
    private static readonly (IPNetwork Network, string Reason)[] RefusedRanges =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT or metadata) address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local (cloud metadata) address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a reserved address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
        (IPNetwork.Parse("::/128"), "an unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("fc00::/7"), "a unique-local address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    private readonly HashSet<string> allowedHosts;

    /// <summary>Initializes a new instance of the <see cref="EgressPolicy"/> class.</summary>
    public EgressPolicy(EgressOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        allowedHosts = new HashSet<string>(options.AllowedHosts.Select(Normalized), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Gets the options this policy enforces.</summary>
    public EgressOptions Options { get; }

    /// <summary>Says why an address may not be reached, or null when it may.</summary>
    public static string? RefusalOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var checkedAddress = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (checkedAddress.Equals(IPAddress.Broadcast))
        {
            return "a broadcast address";
        }

        foreach (var (network, reason) in RefusedRanges)
        {
            if (network.BaseAddress.AddressFamily == checkedAddress.AddressFamily && network.Contains(checkedAddress))
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>Gets a value indicating whether the operator allow-listed the host of <paramref name="uri"/>.</summary>
    public bool IsAllowListed(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return allowedHosts.Contains(Normalized(uri.Host));
    }

    /// <summary>
    /// Checks a URL before any connection: absolute http(s), no credentials in it, and no plain http when it will carry
    /// a credential unless its host is allow-listed. The addresses are checked when connecting.
    /// </summary>
    /// <returns>Why the URL is refused, or null.</returns>
    public string? RefusalOf(Uri uri, bool carriesCredentials)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return $"{uri} is not an absolute http(s) URL";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "the URL carries credentials";
        }

        if (carriesCredentials && uri.Scheme == Uri.UriSchemeHttp && !IsAllowListed(uri))
        {
            return $"credentials are only sent over https (plain http to {uri.Host} is not allow-listed in the worker's egress settings)";
        }

        return null;
    }

    /// <summary>
    /// Makes a handler whose every connection goes through this policy: no proxy (the policy must see the real
    /// destination), no automatic redirects unless <paramref name="maxRedirects"/> &gt; 0 (each hop connects anew and
    /// is checked the same way).
    /// </summary>
    public SocketsHttpHandler CreateHandler(int maxRedirects = 0) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = maxRedirects > 0,
        MaxAutomaticRedirections = Math.Max(1, maxRedirects),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = ConnectAsync,
    };

    /// <summary>Makes an HTTP client over <see cref="CreateHandler"/> that buffers at most <see cref="EgressOptions.MaxResponseBytes"/>.</summary>
    public HttpClient CreateClient(int maxRedirects = 0) => new(CreateHandler(maxRedirects))
    {
        // Each call sets its own deadline.
        Timeout = Timeout.InfiniteTimeSpan,
        MaxResponseContentBufferSize = Options.MaxResponseBytes,
    };

    /// <summary>Resolves <paramref name="host"/> and returns its addresses when all may be reached.</summary>
    /// <exception cref="EgressRefusedException">An address is refused.</exception>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        var name = Normalized(host);
        var addresses = IPAddress.TryParse(name, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(name, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new EgressRefusedException($"{host} resolves to no address");
        }

        if (allowedHosts.Contains(name))
        {
            return addresses;
        }

        // Every address, not just the first: a name answering one public and one internal address is refused.
        foreach (var address in addresses)
        {
            if (RefusalOf(address) is { } reason)
            {
                throw new EgressRefusedException($"{host} resolves to {address}, {reason}, which the worker does not reach unless allow-listed (worker.egress.allowedHosts)");
            }
        }

        return addresses;
    }

    private static string Normalized(string host) => host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.');

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // The vetted addresses themselves, never the name again: no second lookup can rebind it.
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
