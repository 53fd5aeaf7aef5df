using Micro.Persistence.Tests.Counting;
using Micro.Testing;

namespace Micro.Persistence.Tests;

public sealed class PostgresSagaRepositoryTests : SagaRepositoryContract
{
    readonly PostgresDatabase database = PostgresDatabase.Reserve("saga_tests");

    protected override Task<IDictionary<string, string?>> CreateDatabase() =>
        Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Counters"] = database.ConnectionString,
        });

    [Fact]
    public async Task A_message_that_changes_nothing_leaves_the_row_unwritten()
    {
        var counter = Guid.NewGuid();
        await Service.Bus.Publish(new IncrementCounter(counter));
        await Eventually.True(() => Service.Consumed.Of<IncrementCounter>() == 1, "the counter exists");
        var written = await Service.RowVersion(counter);

        await Service.Bus.Publish(new RaiseCounter(counter, AtLeast: 1));
        await Eventually.True(() => Service.Consumed.Of<RaiseCounter>() == 1, "the raise to where the counter already is was consumed");
        Assert.Equal(written, await Service.RowVersion(counter));

        await Service.Bus.Publish(new RaiseCounter(counter, AtLeast: 5));
        await Eventually.True(() => Service.Consumed.Of<RaiseCounter>() == 2, "the raise past it was consumed");
        Assert.NotEqual(written, await Service.RowVersion(counter));
        Assert.Equal(5, Assert.Single(await Service.Counters()).Count);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }
}
