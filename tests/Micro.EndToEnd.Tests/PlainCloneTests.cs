using Micro.Testing;

namespace Micro.EndToEnd.Tests;

/// <summary>
/// A clone has nothing beside it: the tests, scripts and README once read reference fixtures from a shared folder next to the
/// repository that only the team's machines had, and failed everywhere else. What they need is in tests/fixtures now.
/// </summary>
public sealed class PlainCloneTests
{
    static readonly string[] OutsideTheCheckout = ["../shared", "/work/shared"];

    // The provenance note may say where the fixtures were collected; this file has to name what it looks for.
    static readonly string[] MayMentionThem = ["tests/fixtures/README.md", "tests/Micro.EndToEnd.Tests/PlainCloneTests.cs"];

    [Fact]
    public async Task No_tracked_file_reaches_for_the_shared_folder_beside_the_repository()
    {
        var tracked = await Command.Succeed("git", ["-C", SourceTree.Root, "ls-files", "-z"]);

        var reaching = tracked.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Except(MayMentionThem)
            .Where(file => File.Exists(Path.Combine(SourceTree.Root, file)))
            .Where(file => OutsideTheCheckout.Any(File.ReadAllText(Path.Combine(SourceTree.Root, file)).Contains))
            .ToList();

        Assert.Empty(reaching);
    }
}
