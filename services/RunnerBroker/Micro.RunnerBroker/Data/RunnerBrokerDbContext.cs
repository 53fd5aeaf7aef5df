using Micro.Persistence.Database;
using Micro.Persistence.Outbox;
using Micro.Persistence.Redelivery;
using Micro.RunnerBroker.Jobs;
using Micro.RunnerBroker.Repositories;
using Micro.RunnerBroker.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Micro.RunnerBroker.Data;

/// <summary>The runner broker's own database: jobs and their launches, launcher tokens, the repository mapping and the signing key.</summary>
public sealed class RunnerBrokerDbContext(DbContextOptions<RunnerBrokerDbContext> options) : DbContext(options)
{
    public DbSet<RunnerJobState> Jobs => Set<RunnerJobState>();

    public DbSet<RepositoryMapping> Repositories => Set<RepositoryMapping>();

    public DbSet<LauncherTokenRecord> LauncherTokens => Set<LauncherTokenRecord>();

    public DbSet<StoredSigningKey> SigningKeys => Set<StoredSigningKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.StoreDateTimesAsUtc();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.RunnerJobs();

        var mapping = modelBuilder.Entity<RepositoryMapping>();
        mapping.ToTable("repository_mappings");
        mapping.HasKey(m => m.RepositoryKey);
        mapping.Property(m => m.RepositoryKey).HasMaxLength(300);
        mapping.Property(m => m.Repository).HasMaxLength(300);
        mapping.Property(m => m.User).HasMaxLength(40);
        mapping.HasIndex(m => m.User);

        var token = modelBuilder.Entity<LauncherTokenRecord>();
        token.ToTable("launcher_tokens");
        token.HasKey(t => t.Id);
        token.Property(t => t.Id).ValueGeneratedNever();
        token.HasIndex(t => t.JobKey);
        token.HasIndex(t => t.ExpiresAt);

        var key = modelBuilder.Entity<StoredSigningKey>();
        key.ToTable("signing_keys");
        key.HasKey(k => k.Name);
        key.Property(k => k.Name).HasMaxLength(100);

        modelBuilder.OutboxMessages();
        modelBuilder.FailedMessages();
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a running service.</summary>
public sealed class RunnerBrokerDbContextDesignFactory : IDesignTimeDbContextFactory<RunnerBrokerDbContext>
{
    public RunnerBrokerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RunnerBrokerDbContext>().UseNpgsql("Host=localhost;Database=micro_runnerbroker").Options);
}
