using Micro.Ingestion.Recovery;
using Micro.Persistence.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

using Micro.Ingestion.Deliveries;

namespace Micro.Ingestion.Data;

public sealed class IngestionDbContext(DbContextOptions<IngestionDbContext> options) : DbContext(options)
{
    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<PendingPublication> PendingPublications => Set<PendingPublication>();

    public DbSet<RecoveryPassClaim> RecoveryPassClaims => Set<RecoveryPassClaim>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.StoreDateTimesAsUtc();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var delivery = modelBuilder.Entity<Delivery>();
        delivery.ToTable("deliveries");
        delivery.HasKey(d => d.DeliveryId);
        delivery.Property(d => d.DeliveryId).HasMaxLength(100);
        delivery.Property(d => d.Event).HasMaxLength(100);
        delivery.Property(d => d.Action).HasMaxLength(100);
        delivery.Property(d => d.Repository).HasMaxLength(300);
        delivery.Property(d => d.Sender).HasMaxLength(100);
        delivery.Property(d => d.State).HasConversion<string>().HasMaxLength(20);
        delivery.Property(d => d.IgnoredReason).HasMaxLength(500);
        // Payloads are JSON, which lz4 compresses well at a fraction of the CPU of PostgreSQL's default (pglz).
        delivery.Property(d => d.Payload).UseCompressionMethod("lz4");
        // Every delivery is updated once, shortly after its insert, when its event is settled. Room left on each page lets that
        // update stay on the page (a HOT update, none of the four indexes touched), rather than move the row and add an entry to
        // every index; no indexed column changes.
        delivery.HasStorageParameter("fillfactor", 70);
        delivery.HasIndex(d => d.ReceivedAt);
        delivery.HasIndex(d => new { d.Event, d.ReceivedAt });
        delivery.HasIndex(d => new { d.Repository, d.ReceivedAt });

        var publication = modelBuilder.Entity<PendingPublication>();
        publication.ToTable("pending_publications");
        publication.HasKey(p => p.Sequence);
        publication.Property(p => p.Sequence).ValueGeneratedOnAdd();
        publication.Property(p => p.DeliveryId).HasMaxLength(100);
        publication.HasIndex(p => p.MessageId).IsUnique();
        publication.HasIndex(p => p.DeliveryId);
        publication.HasOne<Delivery>().WithMany().HasForeignKey(p => p.DeliveryId).OnDelete(DeleteBehavior.Cascade);

        var claim = modelBuilder.Entity<RecoveryPassClaim>();
        claim.ToTable("recovery_pass_claims");
        claim.HasKey(c => c.Name);
        claim.Property(c => c.Name).HasMaxLength(100);
        // The row exists from the start, so claiming it is a single UPDATE.
        claim.HasData(new RecoveryPassClaim { Name = RecoveryPassClaim.WebhookRecovery, StartedAt = DateTime.UnixEpoch });
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a running service.</summary>
public sealed class IngestionDbContextDesignFactory : IDesignTimeDbContextFactory<IngestionDbContext>
{
    public IngestionDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<IngestionDbContext>().UseNpgsql("Host=localhost;Database=micro_ingestion").Options);
}
