"""factory_boy factories with realistic Chinese data."""

import factory
from django.contrib.auth import get_user_model

from zwgk.organizations.models import Membership, Organization
from zwgk.organizations.permissions import forget_roles


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"大连市第{n}局")
    short_name = factory.LazyAttribute(lambda o: o.name.replace("大连", ""))
    kind = "department"
    office_name = factory.LazyAttribute(lambda o: f"{o.name}办公室")
    office_address = "大连市西岗区人民广场1号"
    office_hours = "工作日 8:30—17:00"
    office_phone = "0411-83630000"

    @factory.post_generation
    def set_path(obj, create, extracted, **kwargs):
        obj.path = obj.computed_path()
        if create:
            obj.save(update_fields=["path"])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Iterator(["王芳", "李强", "张伟", "刘洋", "陈静"])
    password = factory.django.Password("correct-horse-42")


def grant(user, org, role):
    Membership.objects.get_or_create(user=user, organization=org, role=role)
    forget_roles(user)
    return user


def altcha_solved(client) -> str:
    """What a public form's ALTCHA widget posts as `altcha` once it solved a challenge."""
    from zwgk.core import proof_of_work

    return proof_of_work.solve(client.get("/api/v1/challenge").json())
