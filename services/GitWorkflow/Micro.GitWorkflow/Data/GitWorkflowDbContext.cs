using Micro.GitWorkflow.Runs;
using Micro.Persistence.Database;
using Micro.Persistence.Outbox;
using Micro.Persistence.Redelivery;
using Micro.Persistence.Sagas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Micro.GitWorkflow.Data;

/// <summary>The git-workflow service's own database: each run as requested, its state, and its steps.</summary>
public sealed class GitWorkflowDbContext(DbContextOptions<GitWorkflowDbContext> options) : DbContext(options)
{
    public DbSet<WorkflowRun> Runs => Set<WorkflowRun>();

    public DbSet<WorkflowRunState> States => Set<WorkflowRunState>();

    public DbSet<WorkflowRunStep> Steps => Set<WorkflowRunStep>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.StoreDateTimesAsUtc();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var run = modelBuilder.Entity<WorkflowRun>();
        run.ToTable("workflow_runs");
        run.HasKey(r => r.Id);
        run.Property(r => r.Id).ValueGeneratedNever();
        run.Property(r => r.Workflow).HasMaxLength(100);
        run.Property(r => r.Source).HasMaxLength(WorkflowRun.SourceLength);
        run.Property(r => r.RequestKey).HasMaxLength(300);
        run.Property(r => r.ClaimedBy).HasMaxLength(200);
        run.Property(r => r.WorkBranch).HasMaxLength(255);
        run.Property(r => r.BaseBranch).HasMaxLength(255);
        run.Property(r => r.ChangeRequestUrl).HasMaxLength(500);
        run.HasIndex(r => r.CreatedAt);
        // The takeover sweep looks for lapsed claims of unfinished runs.
        run.HasIndex(r => r.ClaimedUntil);

        var state = modelBuilder.SagaInstances<WorkflowRunState>("workflow_run_states");
        state.Property(s => s.CurrentState).HasMaxLength(20);
        state.Property(s => s.Workflow).HasMaxLength(100);
        state.Property(s => s.FailedStep).HasMaxLength(50);
        state.Property(s => s.PullRequestUrl).HasMaxLength(500);
        state.HasOne<WorkflowRun>().WithOne().HasForeignKey<WorkflowRunState>(s => s.CorrelationId).OnDelete(DeleteBehavior.Cascade);

        var step = modelBuilder.Entity<WorkflowRunStep>();
        step.ToTable("workflow_run_steps");
        step.HasKey(s => s.Id);
        step.Property(s => s.Id).ValueGeneratedOnAdd();
        step.Property(s => s.Name).HasMaxLength(50);
        step.Property(s => s.State).HasMaxLength(20);
        step.HasIndex(s => new { s.RunId, s.Id });
        step.HasOne<WorkflowRun>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);

        modelBuilder.OutboxMessages();
        modelBuilder.FailedMessages();
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a running service.</summary>
public sealed class GitWorkflowDbContextDesignFactory : IDesignTimeDbContextFactory<GitWorkflowDbContext>
{
    public GitWorkflowDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GitWorkflowDbContext>().UseNpgsql("Host=localhost;Database=micro_gitworkflow").Options);
}
