namespace RadAssist.Core.Tests.Pipeline;

public sealed class UidSyntaxTests
{
    [TestCase("1.2.840.10008.1.2.1", true)]
    [TestCase("2.25.329800735698586629295641978511506172918", true)]
    [TestCase("0", true)]
    [TestCase("12.4", false)]
    [TestCase("1.2.840.0123", false)]
    [TestCase("1.2..3", false)]
    [TestCase("1.2.3.", false)]
    [TestCase("1.2.3.a", false)]
    [TestCase("", false)]
    [TestCase("1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20.21.22.23.24.25.2", false)]
    public void IsValid_MatchesPs35(string uid, bool valid)
    {
        Assert.That(UidSyntax.IsValid(uid), Is.EqualTo(valid), UidSyntax.Validate(uid));
    }

    [Test]
    public void Validate_ExplainsLength()
    {
        var uid = "1." + new string('1', 63);

        Assert.That(UidSyntax.Validate(uid), Does.Contain("64").And.Contain("65"));
    }
}
