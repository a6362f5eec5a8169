using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;

namespace MyChatImposter.Llm;

// Every bot's LLM calls, as the recording layer sees them (once per call, after its retries): how many,
// how long, how they ended, and the tokens the provider reported. Tagged by provider only, never by user:
// a tag per user would make a series per bot.
public sealed class LlmMetrics
{
    public const string MeterName = "MyChatImposter.Llm";

    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _tokens;

    public LlmMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _calls = meter.CreateCounter<long>("imposter.llm.calls", "{call}", "LLM calls by provider and outcome (answered, failed)");
        _duration = meter.CreateHistogram<double>("imposter.llm.duration", "s", "Time from the call to its answer or final failure, retries included");
        _tokens = meter.CreateCounter<long>("imposter.llm.tokens", "{token}", "Tokens the provider reported, by type (input, output)");
    }

    public void Answered(string provider, TimeSpan duration, UsageDetails? usage)
    {
        Call(provider, "answered", duration);
        Tokens(provider, "input", usage?.InputTokenCount);
        Tokens(provider, "output", usage?.OutputTokenCount);
    }

    public void Failed(string provider, TimeSpan duration) => Call(provider, "failed", duration);

    private void Call(string provider, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "provider", provider }, { "outcome", outcome } };
        _calls.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    private void Tokens(string provider, string type, long? count)
    {
        if (count is > 0)
        {
            _tokens.Add(count.Value, new TagList { { "provider", provider }, { "type", type } });
        }
    }
}
