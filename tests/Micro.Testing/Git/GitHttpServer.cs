using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Micro.Testing.Git;

/// <summary>
/// Git's smart HTTP protocol on a real port at 127.0.0.1: <c>git http-backend</c> (the CGI program that ships with git) serving
/// <see cref="BareRepositories"/>, behind a Kestrel server that asks for a token the way GitHub and GitLab do (HTTP Basic, the token as
/// password), so that the way Micro hands tokens to git is exercised. Every request's authorization is recorded.
/// </summary>
public sealed class GitHttpServer : IAsyncDisposable
{
    readonly WebApplication app;
    readonly BareRepositories repositories;
    readonly string token;
    readonly ConcurrentQueue<string> authorizations = new();

    GitHttpServer(WebApplication app, BareRepositories repositories, string token, Uri address)
    {
        this.app = app;
        this.repositories = repositories;
        this.token = token;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The <c>Authorization</c> header of every request, empty when there was none.</summary>
    public IReadOnlyList<string> Authorizations => [.. authorizations];

    /// <summary>The URL git clones <c>owner/name</c> from.</summary>
    public string UrlOf(string repository) => new Uri(Address, repository + ".git").ToString();

    public static async Task<GitHttpServer> Start(BareRepositories repositories, string token)
    {
        GitHttpServer? server = null;
        var (app, address) = await LoopbackServer.Start(app => app.Run(context => server!.Handle(context)));
        server = new GitHttpServer(app, repositories, token, address);
        return server;
    }

    async Task Handle(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        authorizations.Enqueue(authorization);
        if (!Authorized(authorization))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"git\"";
            return;
        }

        await Backend(context);
    }

    bool Authorized(string authorization)
    {
        if (!authorization.StartsWith("Basic ", StringComparison.Ordinal))
            return false;
        var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..]));
        return credentials.Split(':', 2) is [_, var password] && password == token;
    }

    /// <summary>Runs <c>git http-backend</c> as a CGI program (RFC 3875): request in environment and standard input, response on output.</summary>
    async Task Backend(HttpContext context)
    {
        var request = context.Request;
        var start = new ProcessStartInfo("git", ["http-backend"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["GIT_PROJECT_ROOT"] = repositories.Root;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["REQUEST_METHOD"] = request.Method;
        start.Environment["PATH_INFO"] = request.Path.Value ?? "/";
        start.Environment["QUERY_STRING"] = request.QueryString.Value?.TrimStart('?') ?? string.Empty;
        start.Environment["CONTENT_TYPE"] = request.ContentType ?? string.Empty;
        start.Environment["REMOTE_USER"] = "git";
        start.Environment["REMOTE_ADDR"] = "127.0.0.1";
        start.Environment["HTTP_CONTENT_ENCODING"] = request.Headers.ContentEncoding.ToString();
        start.Environment["GIT_PROTOCOL"] = request.Headers["Git-Protocol"].ToString();

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var input = Task.Run(async () =>
        {
            await request.Body.CopyToAsync(process.StandardInput.BaseStream);
            process.StandardInput.Close();
        });

        var output = process.StandardOutput.BaseStream;
        var headers = await ReadHeaders(output);
        context.Response.StatusCode = StatusCodes.Status200OK;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
                context.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            else
                context.Response.Headers.Append(name, value);
        }

        await output.CopyToAsync(context.Response.Body);
        await input;
        await process.WaitForExitAsync();
        await errors;
    }

    /// <summary>The CGI header lines, up to the empty line; read byte by byte so the body stays in the stream.</summary>
    static async Task<List<(string Name, string Value)>> ReadHeaders(Stream output)
    {
        var headers = new List<(string, string)>();
        var line = new List<byte>();
        var one = new byte[1];
        while (await output.ReadAsync(one) == 1)
        {
            if (one[0] != '\n')
            {
                line.Add(one[0]);
                continue;
            }

            var text = Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
            line.Clear();
            if (text.Length == 0)
                break;
            var colon = text.IndexOf(':');
            headers.Add((text[..colon].Trim(), text[(colon + 1)..].Trim()));
        }

        return headers;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
