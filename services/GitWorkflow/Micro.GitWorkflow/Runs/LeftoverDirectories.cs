using Microsoft.Extensions.Options;

namespace Micro.GitWorkflow.Runs;

/// <summary>
/// At start-up, removes run directories a stopped process left behind (a run removes its own however it ends, unless the process
/// dies). Only directories older than twice the run time-out are touched: no run can still be using them, on any replica.
/// </summary>
public sealed partial class LeftoverDirectories(IOptions<GitWorkflowOptions> options, TimeProvider time, ILogger<LeftoverDirectories> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!Directory.Exists(settings.WorkDirectory))
            return Task.CompletedTask;

        var cutoff = time.GetUtcNow().UtcDateTime - 2 * settings.RunTimeout;
        foreach (var directory in new DirectoryInfo(settings.WorkDirectory).EnumerateDirectories().Where(d => d.LastWriteTimeUtc < cutoff))
        {
            try
            {
                directory.Delete(recursive: true);
                LogRemoved(directory.FullName);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                LogNotRemoved(directory.FullName, failure.Message);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Removed {Directory}, left behind by a run of a process that stopped")]
    partial void LogRemoved(string directory);

    [LoggerMessage(LogLevel.Warning, "Could not remove {Directory}, left behind by an earlier run: {Reason}")]
    partial void LogNotRemoved(string directory, string reason);
}
