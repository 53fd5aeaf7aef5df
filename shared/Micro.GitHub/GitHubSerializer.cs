using System.Runtime.Serialization;
using System.Text.Json;
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

    public T Deserialize<T>(string json)
    {
        if (typeof(T) == typeof(RawAnswer))
            return default!;
        try
        {
            return octokit.Deserialize<T>(json);
        }
        catch (Exception error) when (error is SerializationException or InvalidCastException or FormatException or OverflowException)
        {
            // Callers know an unreadable answer as System.Text.Json reports it, whichever library read it.
            throw new JsonException($"GitHub's answer cannot be read as {typeof(T).Name}: {error.Message}", error);
        }
    }
}

/// <summary>Stands for an answer whose body is read as it came (see <see cref="GitHubSerializer"/>).</summary>
sealed class RawAnswer;
