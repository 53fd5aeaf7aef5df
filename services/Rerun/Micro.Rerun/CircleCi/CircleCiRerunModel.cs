using Micro.Persistence.Sagas;
using Microsoft.EntityFrameworkCore;

namespace Micro.Rerun.CircleCi;

static class CircleCiRerunModel
{
    public static ModelBuilder MapCircleCiReruns(this ModelBuilder model)
    {
        var requests = model.Entity<CircleCiRerunRequest>();
        requests.ToTable("circleci_rerun_requests");
        requests.HasKey(request => request.Id);
        requests.Property(request => request.Id).ValueGeneratedNever();
        requests.Property(request => request.Repository).HasMaxLength(140);
        requests.Property(request => request.BranchPrefix).HasMaxLength(255);
        requests.Property(request => request.ProjectSlug).HasMaxLength(300);
        requests.Property(request => request.WorkflowName).HasMaxLength(255);
        requests.Property(request => request.State).HasMaxLength(16);
        requests.Property(request => request.Outcome).HasMaxLength(32);
        requests.HasIndex(request => new { request.State, request.CreatedAt });

        var sagas = model.SagaInstances<CircleCiWorkflowRerunState>("circleci_workflow_reruns");
        sagas.Property(saga => saga.CurrentState).HasMaxLength(64);
        sagas.HasIndex(saga => saga.CurrentState);
        return model;
    }
}
