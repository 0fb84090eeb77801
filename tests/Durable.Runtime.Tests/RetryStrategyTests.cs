using System.Text.RegularExpressions;

namespace Durable.Runtime.Tests;

/// <summary>Retry strategies (protocol §9.2): the default preset the conformance suite pins, formulas, jitter, filters, validation.</summary>
public class RetryStrategyTests
{
    [Fact]
    public void The_default_preset_is_6_attempts_5s_to_60s_doubling_with_full_jitter()
    {
        var strategy = Assert.IsType<ExponentialRetryStrategy>(RetryStrategy.Default);
        Assert.Equal(6, strategy.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(5), strategy.InitialDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), strategy.MaxDelay);
        Assert.Equal(2.0, strategy.BackoffRate);
        Assert.Equal(JitterStrategy.Full, strategy.Jitter);
        Assert.False(strategy.ShouldRetry(new Exception(), 6).ShouldRetry);
    }

    [Fact]
    public void Exponential_without_jitter_multiplies_and_caps()
    {
        var strategy = RetryStrategy.Exponential(5, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), 3, JitterStrategy.None);
        Assert.Equal([2, 6, 18, 30], Enumerable.Range(1, 4).Select(a => (int)strategy.ShouldRetry(new Exception(), a).Delay.TotalSeconds));
        Assert.False(strategy.ShouldRetry(new Exception(), 5).ShouldRetry);
    }

    [Fact]
    public void Full_jitter_stays_between_one_second_and_the_computed_delay()
    {
        var strategy = RetryStrategy.Exponential(10, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), 2, JitterStrategy.Full, random: new Random(7));
        for (var i = 0; i < 500; i++)
        {
            Assert.InRange(strategy.ShouldRetry(new Exception(), 1).Delay.TotalSeconds, 1, 5);
            Assert.InRange(strategy.ShouldRetry(new Exception(), 2).Delay.TotalSeconds, 1, 10);
        }
    }

    [Fact]
    public void Half_jitter_stays_in_the_upper_half()
    {
        var strategy = RetryStrategy.Exponential(10, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(60), 2, JitterStrategy.Half, random: new Random(3));
        for (var i = 0; i < 500; i++)
        {
            Assert.InRange(strategy.ShouldRetry(new Exception(), 1).Delay.TotalSeconds, 4, 8);
        }
    }

    [Fact]
    public void Sub_second_delays_round_up_to_one_second()
    {
        var strategy = RetryStrategy.Exponential(3, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 1, JitterStrategy.None);
        Assert.Equal(TimeSpan.FromSeconds(1), strategy.ShouldRetry(new Exception(), 1).Delay);
    }

    [Fact]
    public void Type_and_message_filters_retry_matching_errors_only()
    {
        var strategy = RetryStrategy.Exponential(3, retryableExceptions: [typeof(IOException)], retryableMessagePatterns: [new Regex("throttl")]);
        Assert.True(strategy.ShouldRetry(new FileNotFoundException("x"), 1).ShouldRetry);
        Assert.True(strategy.ShouldRetry(new InvalidOperationException("we were throttled"), 1).ShouldRetry);
        Assert.False(strategy.ShouldRetry(new InvalidOperationException("bad input"), 1).ShouldRetry);
    }

    [Fact]
    public void Linear_and_fixed_presets()
    {
        var linear = RetryStrategy.Linear(4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
        Assert.Equal([1, 3, 4], Enumerable.Range(1, 3).Select(a => (int)linear.ShouldRetry(new Exception(), a).Delay.TotalSeconds));
        Assert.False(linear.ShouldRetry(new Exception(), 4).ShouldRetry);
        var fixedDelay = RetryStrategy.Fixed(TimeSpan.FromSeconds(7), 2);
        Assert.Equal(TimeSpan.FromSeconds(7), fixedDelay.ShouldRetry(new Exception(), 1).Delay);
        Assert.False(fixedDelay.ShouldRetry(new Exception(), 2).ShouldRetry);
        Assert.False(RetryStrategy.None.ShouldRetry(new Exception(), 1).ShouldRetry);
    }

    [Theory]
    [InlineData(0, 5, 60, 2.0)]
    [InlineData(3, 0, 60, 2.0)]
    [InlineData(3, 10, 5, 2.0)]
    [InlineData(3, 5, 60, 0.5)]
    [InlineData(3, 5, 60, double.NaN)]
    [InlineData(3, 5, 60, double.PositiveInfinity)]
    public void Invalid_configurations_are_rejected_with_the_parameter_named(int attempts, int initial, int max, double rate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            RetryStrategy.Exponential(attempts, TimeSpan.FromSeconds(initial), TimeSpan.FromSeconds(max), rate));
        Assert.False(string.IsNullOrEmpty(error.ParamName));
    }
}
