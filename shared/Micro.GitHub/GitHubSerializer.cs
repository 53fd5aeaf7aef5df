using Octokit.Internal;

namespace Micro.GitHub;

/// <summary>
/// Octokit's serializer for its models; an answer asked for as <see cref="RawAnswer"/> is left alone, because the endpoints Octokit
/// does not wrap read the body themselves, with System.Text.Json (<see cref="GitHubJson"/>).
/// </summary>
sealed class GitHubSerializer : IJsonSerializer
{
    readonly SimpleJsonSerializer octokit = new();

    public string Serialize(object item) => octokit.Serialize(item);

    public T Deserialize<T>(string json) => typeof(T) == typeof(RawAnswer) ? default! : octokit.Deserialize<T>(json);
}

/// <summary>Stands for an answer whose body is read as it came (see <see cref="GitHubSerializer"/>).</summary>
sealed class RawAnswer;
