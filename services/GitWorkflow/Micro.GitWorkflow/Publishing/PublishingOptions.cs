using System.ComponentModel.DataAnnotations;
using Micro.PubSub;

namespace Micro.GitWorkflow.Publishing;

/// <summary>The topics part of the <c>PubSub</c> section: where workflow requests are published, and where results go.</summary>
public sealed class PublishingOptions : IValidatableObject
{
    public const string Section = "PubSub";

    /// <summary>The topic <c>POST /api/workflows/publish</c> publishes to; the original's Terraform named it <c>workflow-trigger-topic</c>.</summary>
    [Required]
    public string WorkflowTopic { get; set; } = "workflow-trigger-topic";

    /// <summary>A topic each finished run's result is published to; unset, results are not published.</summary>
    public string? ResultsTopic { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!PubSubNames.IsValid(WorkflowTopic, "topics"))
            yield return new ValidationResult("must be a topic id or projects/P/topics/T", [nameof(WorkflowTopic)]);
        if (ResultsTopic is { Length: > 0 } results && !PubSubNames.IsValid(results, "topics"))
            yield return new ValidationResult("must be a topic id or projects/P/topics/T", [nameof(ResultsTopic)]);
    }
}
