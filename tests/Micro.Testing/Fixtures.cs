namespace Micro.Testing;

/// <summary>
/// Reference material nobody on the team wrote (real webhook payloads, published test vectors), vendored in
/// <c>tests/fixtures</c> so that a plain clone tests itself; tests/fixtures/README.md says where each file came from.
/// </summary>
public static class Fixtures
{
    public static string Directory { get; } = Path.Combine(SourceTree.Root, "tests", "fixtures");

    public static string PathOf(params string[] parts) => Path.Combine([Directory, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));
}
