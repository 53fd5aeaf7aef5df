using System.ComponentModel.DataAnnotations;
using Micro.PubSub;

namespace Micro.Ingestion.PubSub;

/// <summary>The pull part of the <c>PubSub</c> section: the subscription ingestion pulls workflow requests from, when one is set.</summary>
public sealed class WorkflowSubscriptionOptions : IValidatableObject
{
    public const string Section = "PubSub";

    /// <summary>A pull subscription (id, or <c>projects/P/subscriptions/S</c>); unset, nothing is pulled.</summary>
    public string? WorkflowSubscription { get; set; }

    /// <summary>Read only to check that the subscription names a project (see <see cref="PubSubOptions.ProjectId"/>).</summary>
    public string? ProjectId { get; set; }

    /// <summary>Most messages taken by one pull.</summary>
    [Range(1, 1000)]
    public int PullMaxMessages { get; set; } = 10;

    /// <summary>The pause after a pull that found nothing, so that an empty subscription is not asked again at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan PullIdleDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long each extension of a pulled batch's ack deadline lasts while it is being stored; renewed at half of it.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:10:00")]
    public TimeSpan AckExtension { get; set; } = TimeSpan.FromSeconds(60);

    public bool Pulls => !string.IsNullOrWhiteSpace(WorkflowSubscription);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Pulls)
            yield break;
        if (!PubSubNames.IsValid(WorkflowSubscription!, "subscriptions"))
            yield return new ValidationResult("must be a subscription id or projects/P/subscriptions/S", [nameof(WorkflowSubscription)]);
        else if (!WorkflowSubscription!.Contains('/') && string.IsNullOrWhiteSpace(ProjectId))
            yield return new ValidationResult("names a subscription by id: set PubSub:ProjectId (or GOOGLE_CLOUD_PROJECT) too", [nameof(WorkflowSubscription)]);
    }
}
