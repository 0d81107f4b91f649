using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ContentFlows.Api.Tests.Notifications;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a free port: the worker submits mail to it over TCP as
/// it would to any relay, and each message is kept, parsed by MimeKit, with its envelope recipients.
/// </summary>
internal sealed class LocalSmtpServer : MessageStore, IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedMail> received = new();
    private readonly CancellationTokenSource stopping = new();
    private Task running = Task.CompletedTask;

    private LocalSmtpServer()
    {
    }

    public int Port { get; private set; }

    public IReadOnlyList<ReceivedMail> Received => [.. received];

    public static async Task<LocalSmtpServer> StartAsync()
    {
        var server = new LocalSmtpServer();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(server);
        services.Add(listeners);
        server.running = new SmtpServer.SmtpServer(options, services).StartAsync(server.stopping.Token);
        server.Port = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return server;
    }

    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(buffer.ToArray());
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        received.Enqueue(new ReceivedMail(transaction.To.Select(to => $"{to.User}@{to.Host}").ToList(), message));
        return SmtpResponse.Ok;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            // Started by this instance in StartAsync; it ends once the token stops its listeners.
#pragma warning disable VSTHRD003
            await running;
#pragma warning restore VSTHRD003
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }

        stopping.Dispose();
    }
}
