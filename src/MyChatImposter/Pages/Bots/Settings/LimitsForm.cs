using System.Reflection;

namespace MyChatImposter.Pages.Bots.Settings;

// Memory and limits: how much the incoming queue holds per correspondent (queue_config) and how much
// history goes with each LLM call (context_config). The bounds are the records' Range attributes, read
// here for the inputs' min and max so the page and the validator never disagree.
public sealed class LimitsForm : ISettingsForm<LimitsForm>
{
    private const string Queue = "configurations.queue_config";
    private const string Context = "configurations.context_config";
    private const string EnterNumber = "Enter a whole number.";

    [Required(ErrorMessage = EnterNumber)]
    [Display(Name = "Messages held per correspondent")]
    public int? QueueMaxMessages { get; set; }

    [Required(ErrorMessage = EnterNumber)]
    [Display(Name = "Characters held per correspondent")]
    public int? QueueMaxCharacters { get; set; }

    [Required(ErrorMessage = EnterNumber)]
    [Display(Name = "Days a message is held")]
    public int? QueueMaxDays { get; set; }

    [Required(ErrorMessage = EnterNumber)]
    [Display(Name = "Characters kept of one message")]
    public int? QueueMaxCharactersSingleMessage { get; set; }

    [Required(ErrorMessage = EnterNumber)]
    [Display(Name = "Messages of history sent to the model")]
    public int? ContextMaxMessages { get; set; }

    [Required(ErrorMessage = EnterNumber)]
    [Display(Name = "Characters of history sent to the model")]
    public int? ContextMaxCharacters { get; set; }

    [Required(ErrorMessage = EnterNumber)]
    [Display(Name = "Days of history sent to the model")]
    public int? ContextMaxDays { get; set; }

    [Required(ErrorMessage = EnterNumber)]
    [Display(Name = "Characters kept of one history message")]
    public int? ContextMaxCharactersSingleMessage { get; set; }

    public bool SharedContext { get; set; }

    // The inputs' min and max: the Range of the document field each form field is saved to.
    public static (int Min, int Max) Bounds(string field)
    {
        var (type, property) = field.StartsWith(nameof(Queue), StringComparison.Ordinal)
            ? (typeof(QueueConfig), field[nameof(Queue).Length..])
            : (typeof(ContextConfig), field[nameof(Context).Length..]);
        var range = type.GetProperty(property)?.GetCustomAttribute<RangeAttribute>()
            ?? throw new ArgumentException($"{field} has no declared range.", nameof(field));
        return ((int)range.Minimum, (int)range.Maximum);
    }

    public static LimitsForm FromDocument(UserConfiguration configuration)
    {
        var queue = configuration.Configurations.QueueConfig;
        var context = configuration.Configurations.ContextConfig;
        return new LimitsForm
        {
            QueueMaxMessages = queue.MaxMessages,
            QueueMaxCharacters = queue.MaxCharacters,
            QueueMaxDays = queue.MaxDays,
            QueueMaxCharactersSingleMessage = queue.MaxCharactersSingleMessage,
            ContextMaxMessages = context.MaxMessages,
            ContextMaxCharacters = context.MaxCharacters,
            ContextMaxDays = context.MaxDays,
            ContextMaxCharactersSingleMessage = context.MaxCharactersSingleMessage,
            SharedContext = context.SharedContext,
        };
    }

    // Called with every number present (the Required attributes are checked first).
    public UserConfiguration ApplyTo(UserConfiguration stored) => stored with
    {
        Configurations = stored.Configurations with
        {
            QueueConfig = stored.Configurations.QueueConfig with
            {
                MaxMessages = QueueMaxMessages ?? 0,
                MaxCharacters = QueueMaxCharacters ?? 0,
                MaxDays = QueueMaxDays ?? 0,
                MaxCharactersSingleMessage = QueueMaxCharactersSingleMessage ?? 0,
            },
            ContextConfig = stored.Configurations.ContextConfig with
            {
                MaxMessages = ContextMaxMessages ?? 0,
                MaxCharacters = ContextMaxCharacters ?? 0,
                MaxDays = ContextMaxDays ?? 0,
                MaxCharactersSingleMessage = ContextMaxCharactersSingleMessage ?? 0,
                SharedContext = SharedContext,
            },
        },
    };

    public DocumentFields Fields(string prefix) => new DocumentFields(prefix)
        .Field($"{Queue}.max_messages", nameof(QueueMaxMessages))
        .Field($"{Queue}.max_characters", nameof(QueueMaxCharacters))
        .Field($"{Queue}.max_days", nameof(QueueMaxDays))
        .Field($"{Queue}.max_characters_single_message", nameof(QueueMaxCharactersSingleMessage))
        .Field($"{Context}.max_messages", nameof(ContextMaxMessages))
        .Field($"{Context}.max_characters", nameof(ContextMaxCharacters))
        .Field($"{Context}.max_days", nameof(ContextMaxDays))
        .Field($"{Context}.max_characters_single_message", nameof(ContextMaxCharactersSingleMessage));
}
