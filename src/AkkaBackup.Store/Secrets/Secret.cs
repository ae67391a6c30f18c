using System.Security.Cryptography;
using System.Text;

namespace AkkaBackup.Store.Secrets;

/// <summary>
/// A password or other credential. It prints as asterisks wherever it ends up (records, logs, exception
/// messages, console output); only <see cref="Reveal"/> gives the value, so every use is a visible choice.
/// </summary>
public sealed class Secret
{
    public const string Mask = "********";

    private readonly string _value;

    public Secret(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    public bool IsEmpty => _value.Length == 0;

    public string Reveal() => _value;

    /// <summary>Compares in constant time, so a comparison does not leak how much of a guess was right.</summary>
    public bool Matches(Secret other) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(_value), Encoding.UTF8.GetBytes(other._value));

    public override string ToString() => Mask;
}
