namespace MyChatImposter.Configuration;

// Enums in JSON by their names only. JsonStringEnumConverter also reads numbers by default, including ones
// no member has: {"role": -1} reached the account store as an undefined role (a 500 there). Read this way,
// a number or an unknown name is a JsonException at the value's path, so the API answers 400 naming the field.
public sealed class StrictEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
