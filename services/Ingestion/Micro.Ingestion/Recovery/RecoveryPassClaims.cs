using Micro.Ingestion.Data;
using Micro.Ingestion.Deliveries;
using Microsoft.EntityFrameworkCore;

namespace Micro.Ingestion.Recovery;

/// <summary>
/// Lets one replica at a time make a recovery pass: a pass starts only if no replica started one within the last half interval.
/// GitHub makes a redelivery a moment after accepting it, so a second replica passing right behind the first would ask again
/// for what is already on its way. Half, not all, of an interval, so that timers firing a little early still find their turn.
/// </summary>
public sealed class RecoveryPassClaims(IDbContextFactory<IngestionDbContext> contexts, TimeProvider clock)
{
    public async Task<bool> TryClaim(TimeSpan interval, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lastAllowed = now - interval / 2;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One conditional UPDATE: of replicas racing for the row, the database lets exactly one see the old time.
        var claimed = await db.RecoveryPassClaims
            .Where(claim => claim.Name == RecoveryPassClaim.WebhookRecovery && claim.StartedAt <= lastAllowed)
            .ExecuteUpdateAsync(claim => claim.SetProperty(c => c.StartedAt, now), cancellationToken);
        return claimed == 1;
    }
}
