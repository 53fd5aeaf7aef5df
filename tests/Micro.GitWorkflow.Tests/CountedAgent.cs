namespace Micro.GitWorkflow.Tests;

/// <summary>
/// A coding agent (<c>counted</c>) that notes each time it runs in a file outside the clone, then waits at a gate (a file the test
/// creates) before changing something: a test sees the agent start, holds it there, and counts how often it ran.
/// </summary>
public sealed class CountedAgent : IDisposable
{
    public const string Name = "counted";

    readonly string directory = Directory.CreateTempSubdirectory("micro-gitworkflow-agent-").FullName;

    string Calls => Path.Combine(directory, "calls");

    string Gate => Path.Combine(directory, "gate");

    public IDictionary<string, string?> Settings(bool open = false)
    {
        if (open)
            Open();
        return new Dictionary<string, string?>
        {
            ["GitWorkflow:AgentTimeout"] = "00:01:30",
            [$"GitWorkflow:Agents:{Name}:Command"] = "/bin/sh",
            [$"GitWorkflow:Agents:{Name}:Arguments:0"] = "-c",
            [$"GitWorkflow:Agents:{Name}:Arguments:1"] =
                $"echo ran >> '{Calls}'; while [ ! -e '{Gate}' ]; do sleep 0.1; done; echo counted > COUNTED.md; echo agent passed the gate",
        };
    }

    /// <summary>How often the agent has started.</summary>
    public int Runs => File.Exists(Calls) ? File.ReadAllLines(Calls).Length : 0;

    public void Open() => File.WriteAllText(Gate, string.Empty);

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
