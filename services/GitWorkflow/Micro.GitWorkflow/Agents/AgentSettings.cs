namespace Micro.GitWorkflow.Agents;

/// <summary>
/// A coding agent: a program run in the clone, and its arguments. Each argument is a template: <c>{task}</c>, <c>{model}</c>,
/// <c>{provider}</c> are replaced by the request's values, each staying one argument whatever it holds; <c>{extra_flags}</c> becomes
/// the request's extra flags split on spaces. An argument whose placeholder has no value is left out, together with the argument
/// before it when that is an option (<c>--model {model}</c> disappears when no model was asked for).
/// </summary>
public sealed class AgentSettings
{
    public const string PlusCoder = "pluscoder";

    /// <summary>The original's call: <c>pluscoder --user_input TASK --auto_confirm yes --default_agent developer [--model M] [--provider P] [flags]</c>.</summary>
    public static readonly AgentSettings PlusCoderDefault = new()
    {
        Command = "pluscoder",
        Arguments = ["--user_input", "{task}", "--auto_confirm", "yes", "--default_agent", "developer", "--model", "{model}", "--provider", "{provider}", "{extra_flags}"],
    };

    public string Command { get; set; } = string.Empty;

    public List<string> Arguments { get; set; } = [];

    /// <summary>Environment variables the agent gets (API keys for its model provider, for example).</summary>
    public Dictionary<string, string> Environment { get; set; } = [];
}
