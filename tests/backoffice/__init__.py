# What the to-do counts in every back-office page's navigation may cost, for any role (issue 20
# item 4; tests/backoffice/test_todos.py holds each role to it). Page tests that bound their
# query count add it.
# +1 incomplete service guides (issue 24), +1 the supervisor's overdue complaints (directory.todos)
# +1 the issuing unit's overdue emergency plans (registries.todos), +1 lapsed Q&A entries
# (knowledge.todos): an editor's list has both, the branches that added them had one each.
NAV_TODO_QUERIES = 12
