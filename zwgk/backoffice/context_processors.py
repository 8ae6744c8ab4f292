from zwgk.backoffice.navigation import menu_for
from zwgk.backoffice.workbench import todo_counts


def backoffice_menu(request):
    if not request.path.startswith("/staff/") or not request.user.is_authenticated:
        return {}
    return {"staff_menu": menu_for(request.user, request.path, counts=todo_counts(request))}
