namespace Micro.Testing.Fakes;

/// <summary>
/// Answers lost after the work is done, as when GitHub creates a pull request and the connection breaks (or a proxy times out) before
/// its answer arrives: the request is carried out and recorded, then the connection is cut without an answer.
/// </summary>
public sealed partial class FakeGitHub
{
    readonly List<(string Method, string PathPrefix, int[] Remaining)> lostAnswers = [];

    /// <summary>Carries out the next <paramref name="times"/> requests whose path starts with <paramref name="pathPrefix"/>, then drops their answers.</summary>
    public void LoseAnswer(string method, string pathPrefix, int times = 1)
    {
        lock (lostAnswers)
            lostAnswers.Add((method, pathPrefix, [times]));
    }

    bool TakeLostAnswer(string method, string path)
    {
        lock (lostAnswers)
        {
            foreach (var (lostMethod, prefix, remaining) in lostAnswers)
            {
                if (lostMethod == method && path.StartsWith(prefix, StringComparison.Ordinal) && remaining[0] > 0)
                {
                    remaining[0]--;
                    return true;
                }
            }

            return false;
        }
    }
}
