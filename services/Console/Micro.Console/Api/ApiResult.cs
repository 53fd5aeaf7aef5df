using System.Net;

namespace Micro.Console.Api;

/// <summary>What one API call gave: its status, its body when it succeeded, and a sentence for the page when it did not.</summary>
public sealed record ApiResult<T>(HttpStatusCode Status, T? Value, string? Problem)
{
    public bool Succeeded => (int)Status is >= 200 and < 300 && Problem is null;

    /// <summary>The API refused the session's token (or wanted one): the page sends the user to sign in.</summary>
    public bool Unauthorized => Status == HttpStatusCode.Unauthorized;

    public bool Forbidden => Status == HttpStatusCode.Forbidden;

    public bool NotFound => Status == HttpStatusCode.NotFound;
}
