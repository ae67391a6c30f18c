using AkkaBackup.Store.Validation;

namespace AkkaBackup.Store.Tests.Support;

public static class Refusals
{
    /// <summary>The change is refused for exactly one value, with the promised field and message.</summary>
    public static async Task<ValidationException> AssertRefusedAsync(Func<Task> change, string field, string message)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(change);
        var failure = Assert.Single(error.Failures);
        Assert.Equal(field, failure.Field);
        Assert.Contains(message, failure.Message);
        Assert.Contains(message, error.Message);
        return error;
    }
}
