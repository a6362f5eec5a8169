namespace MyChatImposter.Configuration;

// Collects validation messages keyed by the JSON path of the offending field, in the order found.
internal sealed class ConfigurationErrors
{
    private readonly Dictionary<string, List<string>> _messages = new(StringComparer.Ordinal);

    public bool IsEmpty => _messages.Count == 0;

    public bool Contains(string path) => _messages.ContainsKey(path);

    public void Add(string path, string message)
    {
        if (!_messages.TryGetValue(path, out var list))
        {
            list = [];
            _messages.Add(path, list);
        }
        list.Add(message);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _messages.ToDictionary(entry => entry.Key, entry => entry.Value.ToArray(), StringComparer.Ordinal);
}
