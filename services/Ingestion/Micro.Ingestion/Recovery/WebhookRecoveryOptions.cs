using System.ComponentModel.DataAnnotations;

namespace Micro.Ingestion.Recovery;

/// <summary>The <c>GitHub:WebhookRecovery</c> configuration section: which hooks' failed deliveries Micro has GitHub redeliver.</summary>
public sealed class WebhookRecoveryOptions : IValidatableObject
{
    public const string Section = "GitHub:WebhookRecovery";

    public bool Enabled { get; set; }

    /// <summary>Time between passes; the first comes one interval after start.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How old an event's first delivery may be for it to be redelivered; GitHub redelivers nothing older than three days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3.00:00:00")]
    public TimeSpan LookBack { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Redeliveries asked for in one pass, over all hooks; the rest wait for the next pass.</summary>
    [Range(1, 1000)]
    public int MaxPerPass { get; set; } = 50;

    public List<WatchedHook> Hooks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && Hooks.Count == 0)
        {
            yield return new ValidationResult(
                "recovery is enabled but watches no hook: set Hooks:0:Repository (owner/name) or Hooks:0:Organization with Hooks:0:HookId, or Hooks:0:App=true",
                [nameof(Hooks)]);
        }

        for (var i = 0; i < Hooks.Count; i++)
        {
            foreach (var problem in Hooks[i].Validate($"{nameof(Hooks)}:{i}"))
                yield return problem;
        }
    }
}
