using Micro.Persistence.Database;
using Micro.Persistence.Outbox;
using Micro.Persistence.Redelivery;
using Micro.Persistence.Sagas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

using Micro.PrLock.Locks;

namespace Micro.PrLock.Data;

public sealed class PrLockDbContext(DbContextOptions<PrLockDbContext> options) : DbContext(options)
{
    public DbSet<EnvironmentLock> Locks => Set<EnvironmentLock>();

    public DbSet<WaitingPullRequest> Queue => Set<WaitingPullRequest>();

    public DbSet<LockHistoryEntry> History => Set<LockHistoryEntry>();

    public DbSet<PullRequestHead> Heads => Set<PullRequestHead>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.StoreDateTimesAsUtc();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var environment = modelBuilder.SagaInstances<EnvironmentLock>("environment_locks");
        environment.Property(l => l.Name).HasMaxLength(64);
        environment.HasIndex(l => l.Name).IsUnique();
        environment.Property(l => l.Status).HasConversion<string>().HasMaxLength(20);
        environment.Property(l => l.Repository).HasMaxLength(200);

        var waiting = modelBuilder.Entity<WaitingPullRequest>();
        waiting.ToTable("waiting_pull_requests");
        waiting.HasKey(w => w.Sequence);
        waiting.Property(w => w.Sequence).ValueGeneratedOnAdd();
        waiting.HasIndex(w => new { w.EnvironmentId, w.PullRequestNumber }).IsUnique();
        waiting.HasOne<EnvironmentLock>().WithMany().HasForeignKey(w => w.EnvironmentId).OnDelete(DeleteBehavior.Cascade);

        var history = modelBuilder.Entity<LockHistoryEntry>();
        history.ToTable("lock_history");
        history.HasKey(h => h.Id);
        history.Property(h => h.Id).ValueGeneratedOnAdd();
        history.Property(h => h.FromStatus).HasConversion<string>().HasMaxLength(20);
        history.Property(h => h.ToStatus).HasConversion<string>().HasMaxLength(20);
        history.Property(h => h.Reason).HasMaxLength(100);
        history.HasIndex(h => new { h.EnvironmentId, h.Id });
        history.HasOne<EnvironmentLock>().WithMany().HasForeignKey(h => h.EnvironmentId).OnDelete(DeleteBehavior.Cascade);

        var head = modelBuilder.Entity<PullRequestHead>();
        head.ToTable("pull_request_heads");
        head.HasKey(h => new { h.Repository, h.Number });
        head.Property(h => h.Repository).HasMaxLength(200);
        head.Property(h => h.HeadSha).HasMaxLength(64);
        // Two events of one pull request handled at once: the one that saves second is retried, and sees the first's updated_at.
        head.Property(h => h.GitHubUpdatedAt).IsConcurrencyToken();

        modelBuilder.OutboxMessages();
        modelBuilder.FailedMessages();
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a running service.</summary>
public sealed class PrLockDbContextDesignFactory : IDesignTimeDbContextFactory<PrLockDbContext>
{
    public PrLockDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PrLockDbContext>().UseNpgsql("Host=localhost;Database=micro_prlock").Options);
}
