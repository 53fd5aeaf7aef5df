using Micro.Hosting;
using Micro.Persistence.Outbox;
using Micro.Persistence.Tests.Counting;
using Micro.Persistence.Tests.Tallying;
using Microsoft.AspNetCore.Routing;

namespace Micro.Persistence.Tests;

/// <summary>A service as small as the persistence library allows: the counter saga and the tally consumer on their own database, with an outbox.</summary>
public sealed class CounterModule : IMicroModule
{
    public string Name => "counters";

    public void Register(ModuleBuilder module)
    {
        module.AddDatabase<CounterDbContext>("Counters");
        module.Host.AddOutboxRelay<CounterDbContext>();
        module.AddSaga<CounterStateMachine, CounterState>();
        module.AddConsumer<TallyConsumer>();
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
    }
}
