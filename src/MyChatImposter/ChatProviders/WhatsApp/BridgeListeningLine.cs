namespace MyChatImposter.ChatProviders.WhatsApp;

// The one stdout line a bridge started with BRIDGE_PORT=0 prints once it listens: {"event":"listening","port":N}
// (the bridge's README, "Running"). Read by the embedded bridge, and by the tests and benchmarks that start one.
public static class BridgeListeningLine
{
    public static bool TryReadPort(string line, out int port)
    {
        port = 0;
        if (!line.StartsWith('{'))
        {
            return false;
        }
        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.TryGetProperty("event", out var name) && name.ValueEquals("listening")
                && json.RootElement.TryGetProperty("port", out var number) && number.TryGetInt32(out port);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
