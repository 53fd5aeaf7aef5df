using System.Text.RegularExpressions;
using Micro.Persistence.Sagas;

namespace Micro.PrLock.Locks;

/// <summary>What names an environment may have, and the lock id each name maps to.</summary>
public static partial class EnvironmentNames
{
    public const string Rule = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    // Every replica must reach the same row for a name without asking the database first, so the id is derived from the name.
    static readonly Guid Namespace = new("6f0c1c55-4a8e-4a4e-9d1e-5d0c2a7e1b01");

    public static bool IsValid(string name) => Pattern().IsMatch(name);

    /// <summary>
    /// Names ignore case, as the configuration's <c>PrLock:Environments:&lt;name&gt;</c> does: <c>PR</c>, <c>pr</c> and <c>Pr</c> are one
    /// environment, stored, shown and announced in lower case whoever spelt it first.
    /// </summary>
    public static string Canonical(string name) => name.ToLowerInvariant();

    /// <summary>The lock's id: a name-based UUID of the environment's canonical name.</summary>
    public static Guid IdOf(string name) => NameBasedId.Of(Namespace, Canonical(name));


    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Pattern();
}
