"""Legal deadlines that incoming mail starts: date arithmetic, rules, and the stored clocks."""
