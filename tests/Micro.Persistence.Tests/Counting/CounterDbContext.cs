using Micro.Persistence.Idempotency;
using Micro.Persistence.Outbox;
using Micro.Persistence.Redelivery;
using Micro.Persistence.Sagas;
using Micro.Persistence.Tests.Tallying;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Micro.Persistence.Tests.Counting;

public sealed class CounterDbContext(DbContextOptions<CounterDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.SagaInstances<CounterState>("counters").Property(counter => counter.CurrentState).HasMaxLength(64);
        modelBuilder.Entity<TallyEntry>().ToTable("tallies");
        modelBuilder.ProcessedMessages();
        modelBuilder.OutboxMessages();
        modelBuilder.FailedMessages();
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a running service.</summary>
public sealed class CounterDbContextDesignFactory : IDesignTimeDbContextFactory<CounterDbContext>
{
    public CounterDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CounterDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
