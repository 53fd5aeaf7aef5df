using System.Security.Cryptography;
using Micro.RunnerBroker.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Tokens;

/// <summary>
/// The ES256 key launcher tokens are signed with: from configuration, or generated once and kept in the service's database, so that
/// a token issued by one replica is accepted by another and survives restarts. The key is never logged.
/// </summary>
public sealed class SigningKeys(IDbContextFactory<RunnerBrokerDbContext> contexts, IOptions<RunnerBrokerOptions> options, TimeProvider clock) : IDisposable
{
    const string StoredName = "launcher-tokens-es256";

    readonly SemaphoreSlim loading = new(1, 1);
    ECDsa? key;

    public async Task<ECDsa> Current(CancellationToken cancellationToken)
    {
        if (key is { } loaded)
            return loaded;

        await loading.WaitAsync(cancellationToken);
        try
        {
            return key ??= Import(await Configured(cancellationToken) ?? await Stored(cancellationToken));
        }
        finally
        {
            loading.Release();
        }
    }

    async Task<string?> Configured(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.SigningKey))
            return settings.SigningKey;
        return string.IsNullOrWhiteSpace(settings.SigningKeyFile) ? null : await File.ReadAllTextAsync(settings.SigningKeyFile, cancellationToken);
    }

    async Task<string> Stored(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.SigningKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Name == StoredName, cancellationToken) is { } stored)
            return stored.Pem;

        using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        db.SigningKeys.Add(new StoredSigningKey { Name = StoredName, Pem = generated.ExportPkcs8PrivateKeyPem(), CreatedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another replica stored its key first: everyone uses that one.
        }

        await using var again = await contexts.CreateDbContextAsync(cancellationToken);
        return (await again.SigningKeys.AsNoTracking().SingleAsync(k => k.Name == StoredName, cancellationToken)).Pem;
    }

    static ECDsa Import(string pem)
    {
        var imported = ECDsa.Create();
        try
        {
            imported.ImportFromPem(pem);
            if (imported.KeySize != 256)
                throw new InvalidOperationException("the launcher token key must be a P-256 (ES256) key");
            return imported;
        }
        catch
        {
            imported.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        key?.Dispose();
        loading.Dispose();
    }
}
