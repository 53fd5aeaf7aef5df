using Micro.GitWorkflow.Git;
using Micro.GitWorkflow.Workflows;

namespace Micro.GitWorkflow.Agents;

/// <summary>Runs a configured coding agent in a clone, bounded in time (its whole process tree is killed) and in output kept.</summary>
public sealed class CodingAgent(AgentSettings settings, TimeSpan timeout, int outputLimit)
{
    public async Task<AgentRun> Run(string clone, AgentTask task, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(settings.Environment) { ["GIT_TERMINAL_PROMPT"] = "0" };
        try
        {
            var result = await ProcessRunner.Run(
                settings.Command, AgentCommandLine.Arguments(settings, task), clone, environment, timeout, outputLimit, cancellationToken);
            return new AgentRun(result.ExitCode, result.TimedOut, result.Output);
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            throw new WorkflowFailure($"the agent command '{settings.Command}' cannot be started: {missing.Message}", transient: false);
        }
    }
}

public sealed record AgentRun(int ExitCode, bool TimedOut, string Output);
