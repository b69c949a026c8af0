"""Data quality: Great Expectations suites over the check residuals and the marts, and the report."""
