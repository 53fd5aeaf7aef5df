using MassTransit;
using Micro.Persistence.Idempotency;
using Micro.Persistence.Tests.Counting;
using Microsoft.Extensions.Logging;

namespace Micro.Persistence.Tests.Tallying;

public sealed class TallyConsumer(CounterDbContext db, ILogger<TallyConsumer> logger) : IdempotentConsumer<RecordTally, CounterDbContext>(db, logger)
{
    protected override Task ConsumeOnce(ConsumeContext<RecordTally> context)
    {
        Db.Set<TallyEntry>().Add(new TallyEntry { Name = context.Message.Name });
        return Task.CompletedTask;
    }
}
