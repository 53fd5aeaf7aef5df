using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace Micro.Console.Session;

/// <summary>
/// The signed-in user's API token, kept in an HTTP-only, SameSite=Strict cookie (Secure over HTTPS), encrypted with the host's data
/// protection keys so that the cookie alone, read off a disk or a proxy log, does not give the token away.
/// </summary>
public sealed class ConsoleSession(IHttpContextAccessor accessor, IDataProtectionProvider protection)
{
    public const string CookieName = "micro-console";

    readonly IDataProtector protector = protection.CreateProtector("Micro.Console.ApiToken");

    HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("The console session is read within a request.");

    /// <summary>The token of this request's session, or null when not signed in (or the cookie cannot be read any more).</summary>
    public string? Token
    {
        get
        {
            if (Http.Items.TryGetValue(CookieName, out var cached))
                return cached as string;
            string? token = null;
            if (Http.Request.Cookies.TryGetValue(CookieName, out var cookie) && cookie.Length > 0)
            {
                try
                {
                    token = protector.Unprotect(cookie);
                }
                catch (CryptographicException)
                {
                    // Keys rotated or the cookie was tampered with: the session is simply gone.
                }
            }

            Http.Items[CookieName] = token;
            return token;
        }
    }

    public void SignIn(string token)
    {
        Http.Response.Cookies.Append(CookieName, protector.Protect(token), Options(Http));
        Http.Items[CookieName] = token;
    }

    public void SignOut()
    {
        Http.Response.Cookies.Delete(CookieName, Options(Http));
        Http.Items[CookieName] = null;
    }

    static CookieOptions Options(HttpContext http) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };
}
