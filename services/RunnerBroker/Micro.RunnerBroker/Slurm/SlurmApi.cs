using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Micro.RunnerBroker.Launching;
using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Slurm;

/// <summary>
/// slurmrestd's job calls, each made as a Slurm user (<c>X-SLURM-USER-NAME</c>, <c>X-SLURM-USER-TOKEN</c>). Every refusal becomes a
/// <see cref="RunnerLaunchException"/> with Slurm's own words; whether trying again may help follows from what failed.
/// </summary>
public sealed class SlurmApi(HttpClient http, SlurmCredentials credentials, IOptions<SlurmOptions> options)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    string Version => options.Value.ApiVersion;

    /// <summary>Submits a batch job; <paramref name="doing"/> says what for, in the words of any error.</summary>
    public async Task<long> Submit(string userName, SlurmJobSubmission submission, string doing, CancellationToken cancellationToken)
    {
        // Buffered, so that it goes with a Content-Length (slurmrestd cannot read a chunked body), and typed without a charset
        // parameter, which slurmrestd does not understand ("Unable to parse query").
        var body = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(submission, Json));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var answer = await Send<SubmitAnswer>(userName, HttpMethod.Post, $"slurm/{Version}/job/submit", body, doing, unknownJobIsNull: false, cancellationToken);
        return answer?.JobId ?? throw new RunnerLaunchException("slurmrestd accepted the job but named no job id", transient: false);
    }

    /// <summary>The job, or null when Slurm no longer knows it (it ended long enough ago).</summary>
    public async Task<SlurmJobState?> Find(string userName, long jobId, CancellationToken cancellationToken)
    {
        var answer = await Send<JobsAnswer>(userName, HttpMethod.Get, $"slurm/{Version}/job/{jobId}", null, $"reading job {jobId}",
            unknownJobIsNull: true, cancellationToken);
        return answer?.Jobs?.FirstOrDefault();
    }

    /// <summary>Cancels the job; false when Slurm does not know it.</summary>
    public async Task<bool> Cancel(string userName, long jobId, CancellationToken cancellationToken)
    {
        var answer = await Send<SlurmAnswer>(userName, HttpMethod.Delete, $"slurm/{Version}/job/{jobId}", null, $"cancelling job {jobId}",
            unknownJobIsNull: true, cancellationToken);
        return answer is not null;
    }

    async Task<T?> Send<T>(string userName, HttpMethod method, string path, HttpContent? content, string doing, bool unknownJobIsNull,
        CancellationToken cancellationToken)
        where T : SlurmAnswer
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-SLURM-USER-NAME", userName);
        request.Headers.Add("X-SLURM-USER-TOKEN", credentials.TokenFor(userName));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new RunnerLaunchException($"slurmrestd at {http.BaseAddress} did not answer while {doing}: {error.Message}", transient: true, error);
        }
        using (response)
        {
            var answer = await Read<T>(response, cancellationToken);
            if (answer?.Errors is [var first, ..])
            {
                if (unknownJobIsNull && first.Number == InvalidJobId)
                    return null;
                throw new RunnerLaunchException($"Slurm refused {doing} for user {userName}: {Describe(first)}", IsTransient(first.Number));
            }
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new RunnerLaunchException(
                    $"slurmrestd refused the credentials of user {userName} while {doing} ({(int)response.StatusCode}): check RunnerBroker:Slurm:Token or JwtKeyFile",
                    transient: false);
            if (!response.IsSuccessStatusCode || answer is null)
                throw new RunnerLaunchException($"slurmrestd answered {(int)response.StatusCode} {response.ReasonPhrase} while {doing}",
                    transient: (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests);
            return answer;
        }
    }

    static async Task<T?> Read<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
        }
        catch (JsonException)
        {
            // Not slurmrestd's JSON (a proxy's error page, plain "Authentication failure"): the status code says the rest.
            return default;
        }
    }

    static string Describe(SlurmError error)
    {
        var text = error.Description is { Length: > 0 } description && description != error.Error ? $"{error.Error} ({description})" : error.Error;
        return error.Number == ZeroBytes
            // What slurmctld does with a token it cannot verify: it drops the connection without a word.
            ? $"{text}; slurmctld closes the connection like this when it rejects the token (check RunnerBroker:Slurm:Token, JwtKeyFile and UserName)"
            : text ?? $"error {error.Number}";
    }

    const int InvalidJobId = 2017; // ESLURM_INVALID_JOB_ID
    const int ZeroBytes = 5005; // SLURM_PROTOCOL_SOCKET_ZERO_BYTES_SENT

    /// <summary>
    /// A Slurm error number is transient when Slurm could not reach its controller or the controller was busy: the communication errors
    /// (1000-1004), socket timeouts (5000-5004) and EAGAIN; anything else (bad partition, rejected token, limits) stays so on retry.
    /// </summary>
    static bool IsTransient(int number) => number is >= 1000 and <= 1004 or >= 5000 and <= 5004 or 11;

    class SlurmAnswer
    {
        public List<SlurmError>? Errors { get; set; }
    }

    sealed class SubmitAnswer : SlurmAnswer
    {
        public long? JobId { get; set; }
    }

    sealed class JobsAnswer : SlurmAnswer
    {
        public List<SlurmJobState>? Jobs { get; set; }
    }

    sealed class SlurmError
    {
        public string? Error { get; set; }
        public string? Description { get; set; }

        // job/submit says error_code, the other calls error_number.
        public int? ErrorNumber { get; set; }
        public int? ErrorCode { get; set; }
        public int Number => ErrorNumber ?? ErrorCode ?? 0;
    }
}
