using System.Diagnostics;
using ContentFlows.Bench.ApiLoad;

// Usage: ContentFlows.Bench.ApiLoad --api http://127.0.0.1:PORT --bootstrap-key KEY --postgres CONN --schema NAME
//        [--clients 200] [--seconds 60] [--keys 20]
// Drives a running API (with its worker and dev server) and prints a report; exit code 1 when a check fails.
var options = BenchOptions.Parse(args);
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var http = new HttpClient(handler) { BaseAddress = options.Api, Timeout = TimeSpan.FromSeconds(30) };

var setup = await LoadSetup.CreateAsync(http, options).ConfigureAwait(false);
Console.Error.WriteLine($"bench: project {setup.ProjectId}, {setup.Keys.Count} editor keys, {options.Clients} clients for {options.Seconds} s");

var recorder = new RequestRecorder();
var ledger = new RunLedger();
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
var clock = Stopwatch.StartNew();
var clients = Enumerable.Range(0, options.Clients)
    .Select(i => new LoadClient(i, http, setup, setup.Keys[i % setup.Keys.Count], recorder, ledger).RunAsync(stop.Token))
    .ToArray();
await Task.WhenAll(clients).ConfigureAwait(false);
var elapsed = clock.Elapsed;

Console.WriteLine(recorder.Report(elapsed));
var verdict = await LoadVerifier.VerifyAsync(options, setup, recorder, ledger, Console.Out).ConfigureAwait(false);
return verdict ? 0 : 1;
