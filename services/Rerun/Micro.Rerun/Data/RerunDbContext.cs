using Micro.Persistence.Database;
using Micro.Persistence.Outbox;
using Micro.Persistence.Redelivery;
using Micro.Rerun.CircleCi;
using Micro.Rerun.GitHubActions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Micro.Rerun.Data;

/// <summary>The rerun service's own database: what it saw of each run and what it decided.</summary>
public sealed class RerunDbContext(DbContextOptions<RerunDbContext> options) : DbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.StoreDateTimesAsUtc();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.WorkflowRunAttempts();
        modelBuilder.MapCircleCiReruns();
        modelBuilder.OutboxMessages();
        modelBuilder.FailedMessages();
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a running service.</summary>
public sealed class RerunDbContextDesignFactory : IDesignTimeDbContextFactory<RerunDbContext>
{
    public RerunDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RerunDbContext>().UseNpgsql("Host=localhost;Database=micro_rerun").Options);
}
