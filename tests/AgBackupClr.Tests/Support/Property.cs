using System;
using System.Globalization;
using CsCheck;
using NUnit.Framework;

namespace AgBackupClr.Tests.Support
{
    /// <summary>
    /// Property tests whose cases are drawn in order from one seed on one thread, so every CI run tests the same cases and a
    /// failure can be replayed. CsCheck's own Sample draws from a new random seed on each thread (its seed parameter fixes only
    /// the first case), so it is not used. Set AGBACKUPCLR_SEED to the seed a failure names to replay it, or to another number
    /// to try other cases.
    /// </summary>
    public static class Property
    {
        private const string SeedVariable = "AGBACKUPCLR_SEED";

        /// <summary>Any fixed number would do; changing it changes which cases CI tests.</summary>
        private const ulong DefaultSeed = 14;

        /// <summary>PCG's stream is fixed so that the seed alone decides the cases.</summary>
        private const uint Stream = 1;

        public static void ForAll<T>(Gen<T> gen, int cases, Action<T> property)
        {
            ulong seed = Seed();
            var random = new PCG(Stream, seed);
            for (int number = 1; number <= cases; number++)
            {
                T value = gen.Generate(random, null, out _);
                try
                {
                    property(value);
                }
                catch (Exception failure)
                {
                    throw new AssertionException(
                        string.Format(
                            CultureInfo.InvariantCulture,
                            "Case {0} of {1} drawn from {2}={3} failed; replay it with: {2}={3} dotnet test AgBackupClr.sln --filter Name={4}",
                            number,
                            cases,
                            SeedVariable,
                            seed,
                            TestContext.CurrentContext.Test.MethodName)
                        + Environment.NewLine + (failure is AssertionException ? failure.Message : failure.ToString()),
                        failure);
                }
            }
        }

        private static ulong Seed()
        {
            string? text = Environment.GetEnvironmentVariable(SeedVariable);
            if (string.IsNullOrEmpty(text))
            {
                return DefaultSeed;
            }

            return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed)
                ? seed
                : throw new ArgumentException(SeedVariable + " is '" + text + "'; set it to a whole number from 0 to " + ulong.MaxValue.ToString(CultureInfo.InvariantCulture) + ", or unset it for the default seed.");
        }
    }
}
