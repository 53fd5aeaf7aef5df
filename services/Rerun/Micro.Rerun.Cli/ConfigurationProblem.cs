namespace Micro.Rerun.Cli;

/// <summary>The command cannot start as configured; the message names the variable to set.</summary>
sealed class ConfigurationProblem(string message) : Exception(message);
