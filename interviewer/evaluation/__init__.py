"""`interviewer eval`: how well our scores agree with human grades on a graded file."""
