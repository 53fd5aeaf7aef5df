namespace Micro.EndToEnd.Tests;

/// <summary>Whether a command the deployment tests run (kubectl, terraform) is on this machine's PATH.</summary>
static class InstalledCommands
{
    public static bool Has(string command) => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(directory => File.Exists(Path.Combine(directory, command)));
}
