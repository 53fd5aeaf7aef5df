using MassTransit;

namespace Micro.Rerun.CircleCi;

/// <summary>Re-runs of one workflow of one CircleCI project (<see cref="WorkflowKey"/>): the one running now, the ones waiting, and
/// the re-run in flight.</summary>
public sealed class CircleCiWorkflowRerunState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = string.Empty;

    public string ProjectSlug { get; set; } = string.Empty;

    public string WorkflowName { get; set; } = string.Empty;

    /// <summary>The request whose procedure is running, and since when.</summary>
    public Guid? ActiveRequestId { get; set; }

    public DateTime? ActiveSince { get; set; }

    /// <summary>Requests that arrived while one was running, in order, comma-separated.</summary>
    public string Waiting { get; set; } = string.Empty;

    /// <summary>The request whose re-run is in flight, and what it started.</summary>
    public Guid? RerunRequestId { get; set; }

    public string? RerunPipelineId { get; set; }

    public string? RerunWorkflowId { get; set; }

    public DateTime? InFlightSince { get; set; }

    public bool HasWaiting => Waiting.Length > 0;

    public IReadOnlyList<Guid> WaitingRequests => [.. Waiting.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse)];

    /// <summary>Queues a request unless it is already running or queued (a request is published again after a crash).</summary>
    public void Enqueue(Guid requestId)
    {
        if (requestId != ActiveRequestId && !WaitingRequests.Contains(requestId))
            Waiting = string.Join(',', [.. WaitingRequests, requestId]);
    }

    public void Start(CircleCiRerunRequested requested, DateTime now)
    {
        ProjectSlug = requested.ProjectSlug;
        WorkflowName = requested.WorkflowName;
        Activate(requested.RequestId, now);
    }

    void Activate(Guid requestId, DateTime now)
    {
        ActiveRequestId = requestId;
        ActiveSince = now;
    }

    public void ActivateNext(DateTime now)
    {
        var waiting = WaitingRequests;
        Activate(waiting[0], now);
        Waiting = string.Join(',', waiting.Skip(1));
    }

    public void Deactivate()
    {
        ActiveRequestId = null;
        ActiveSince = null;
    }

    public void HoldInFlight(CircleCiRerunFinished finished, DateTime now)
    {
        RerunRequestId = finished.RequestId;
        RerunPipelineId = finished.PipelineId;
        RerunWorkflowId = finished.RerunWorkflowId;
        InFlightSince = now;
        Deactivate();
        Waiting = string.Empty;
    }

    public void Settle()
    {
        RerunRequestId = null;
        RerunPipelineId = null;
        RerunWorkflowId = null;
        InFlightSince = null;
    }
}
