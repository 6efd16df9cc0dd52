"""thidua — quản lý công tác thi đua, khen thưởng."""
