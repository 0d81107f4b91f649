using System.Diagnostics;
using ContentFlows.Temporal.Client;
using ContentFlows.Temporal.Testing;
using Xunit.Abstractions;

namespace ContentFlows.Temporal.Sdk.Tests.Worker;

/// <summary>
/// Acceptance: a worker killed mid-workflow (SIGKILL of its whole process tree) loses nothing. A new worker process
/// finishes the workflow, and no activity that had completed runs again. Workers run as separate processes
/// (tests/Temporal/Sdk/TestWorkerHost); the dev server runs in this process.
/// </summary>
public sealed class TemporalWorkerProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ExecuteAsync_WorkerProcessKilledMidWorkflow_NewWorkerFinishesWithoutRerunningCompletedActivities()
    {
        await using var environment = await WorkflowEnvironment.StartLocalAsync();
        var taskQueue = "killable-" + Guid.NewGuid().ToString("N");
        var activityLog = Path.Combine(Path.GetTempPath(), $"contentflows-activity-log-{Guid.NewGuid():N}.csv");
        var workflowId = "killable-" + Guid.NewGuid().ToString("N");
        try
        {
            using var first = WorkerProcess.Start(environment.TargetHost, taskQueue, activityLog, output);
            await first.WaitReadyAsync(WaitLimit);
            var handle = await environment.Client.StartWorkflowAsync("KillableWorkflow", ["in"], new WorkflowOptions(workflowId, taskQueue));

            // Step "one" has completed and step "two" is running its first attempt: kill the worker there.
            await first.WaitBlockingAsync(WaitLimit);
            first.Kill();

            using var second = WorkerProcess.Start(environment.TargetHost, taskQueue, activityLog, output);
            var result = await handle.GetResultAsync<string>().WaitAsync(WaitLimit);
            second.Kill();

            Assert.Equal("in>one>two>three", result);
            var lines = (await File.ReadAllLinesAsync(activityLog)).Select(l => l.Split(',')).ToList();
            Assert.All(lines, l => Assert.Equal(workflowId, l[1]));
            foreach (var step in new[] { "one", "two", "three" })
            {
                var done = lines.Where(l => l[0] == "done" && l[2] == step).ToList();
                Assert.True(done.Count == 1, $"step {step} completed {done.Count} times:\n{string.Join('\n', lines.Select(l => string.Join(',', l)))}");
            }

            // Completed activities never ran again; the interrupted one was retried (attempt 2) by the new worker.
            Assert.Single(lines, l => l[0] == "start" && l[2] == "one");
            Assert.Single(lines, l => l[0] == "start" && l[2] == "three");
            Assert.Equal(["1", "2"], lines.Where(l => l[0] == "start" && l[2] == "two").Select(l => l[3]));
            Assert.Equal("2", lines.Single(l => l[0] == "done" && l[2] == "two")[3]);
        }
        finally
        {
            File.Delete(activityLog);
        }
    }

    /// <summary>A TestWorkerHost process; its stdout lines "ready" and "blocking two" complete <see cref="WaitReadyAsync"/> and <see cref="WaitBlockingAsync"/>.</summary>
    private sealed class WorkerProcess : IDisposable
    {
        private readonly Process process;
        private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource blocking = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private WorkerProcess(Process process, ITestOutputHelper output)
        {
            this.process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }

                WriteLine(output, $"[worker {process.Id}] {e.Data}");
                if (e.Data == "ready")
                {
                    ready.TrySetResult();
                }
                else if (e.Data == "blocking two")
                {
                    blocking.TrySetResult();
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    WriteLine(output, $"[worker {process.Id} stderr] {e.Data}");
                }
            };
            process.Exited += (_, _) =>
            {
                ready.TrySetException(new InvalidOperationException($"Worker process exited with {process.ExitCode} before it was ready."));
                blocking.TrySetException(new InvalidOperationException($"Worker process exited with {process.ExitCode} before step two started."));
            };
        }

        public Task WaitReadyAsync(TimeSpan limit) => ready.Task.WaitAsync(limit);

        public Task WaitBlockingAsync(TimeSpan limit) => blocking.Task.WaitAsync(limit);

        public static WorkerProcess Start(string address, string taskQueue, string activityLog, ITestOutputHelper output)
        {
            var startInfo = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            startInfo.ArgumentList.Add(HostDll());
            startInfo.Environment["TEMPORAL_ADDRESS"] = address;
            startInfo.Environment["TASK_QUEUE"] = taskQueue;
            startInfo.Environment["ACTIVITY_LOG"] = activityLog;
            var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
            var worker = new WorkerProcess(process, output);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return worker;
        }

        public void Kill()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }

        public void Dispose()
        {
            Kill();
            process.Dispose();
        }

        private static void WriteLine(ITestOutputHelper output, string line)
        {
            try
            {
                output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // The test has finished.
            }
        }

        // The host is built next to this test project (a project reference without the assembly): same configuration and framework.
        private static string HostDll()
        {
            var testOutput = AppContext.BaseDirectory; // .../tests/Temporal/Sdk/bin/<Configuration>/<tfm>/
            var tfm = new DirectoryInfo(testOutput).Name;
            var configuration = new DirectoryInfo(testOutput).Parent!.Name;
            var projectDirectory = new DirectoryInfo(testOutput).Parent!.Parent!.Parent!.FullName;
            var dll = Path.Combine(projectDirectory, "TestWorkerHost", "bin", configuration, tfm, "ContentFlows.Temporal.Sdk.TestWorkerHost.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"The test worker host was not built at {dll}; build tests/Temporal/Sdk first.", dll);
        }
    }
}
