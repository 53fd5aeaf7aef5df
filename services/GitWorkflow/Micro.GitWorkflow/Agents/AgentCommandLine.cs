namespace Micro.GitWorkflow.Agents;

/// <summary>Turns an agent's argument templates into the arguments of one call (see <see cref="AgentSettings"/>).</summary>
public static class AgentCommandLine
{
    public static IReadOnlyList<string> Arguments(AgentSettings agent, AgentTask task)
    {
        var values = new Dictionary<string, string?>
        {
            ["{task}"] = task.Text,
            ["{model}"] = task.Model,
            ["{provider}"] = task.Provider,
        };
        var arguments = new List<string>();
        foreach (var template in agent.Arguments)
        {
            if (template == "{extra_flags}")
            {
                arguments.AddRange((task.ExtraFlags ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                continue;
            }

            var placeholder = values.Keys.FirstOrDefault(key => template.Contains(key, StringComparison.Ordinal));
            if (placeholder is null)
            {
                arguments.Add(template);
                continue;
            }

            if (string.IsNullOrEmpty(values[placeholder]))
            {
                if (arguments.Count > 0 && arguments[^1].StartsWith('-') && template == placeholder)
                    arguments.RemoveAt(arguments.Count - 1);
                continue;
            }

            arguments.Add(template.Replace(placeholder, values[placeholder], StringComparison.Ordinal));
        }

        return arguments;
    }
}

/// <summary>What an agent is asked to do, and with which model.</summary>
public sealed record AgentTask(string Text, string? Model, string? Provider, string? ExtraFlags);
