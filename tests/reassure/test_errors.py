from reassure.errors import InvalidInput


def test_an_error_message_names_the_first_ten_problems_and_counts_the_rest():
    problems = [(f"line {n}: created_at", "is in the future") for n in range(1, 501)]
    message = str(InvalidInput(problems))
    assert message.startswith("line 1: created_at: is in the future; line 2: created_at")
    assert "line 11:" not in message
    assert message.endswith("and 490 more problems")


def test_every_problem_stays_available_to_callers_that_list_them():
    problems = [(f"mentions[{n}].text", "required") for n in range(30)]
    assert InvalidInput(problems).problems == problems
